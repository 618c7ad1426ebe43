/** Provider states of fixtures/inventory-service, set up through its own HTTP API. */
export function createStateHandlers(context: { baseUrl: string }) {
  return {
    'a reservation exists': async () => {
      const response = await fetch(`${context.baseUrl}/reservations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sku: 'SKU-1', quantity: 1 }),
      });
      return { id: String(((await response.json()) as { id: string }).id) };
    },
  };
}
