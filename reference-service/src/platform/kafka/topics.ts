import type { Admin } from 'kafkajs';

/** Creates the topics that do not exist yet (existing ones are left as they are). */
export async function ensureTopics(admin: Admin, topics: readonly string[], numPartitions: number): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic));
  if (missing.length === 0) return;
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((topic) => ({ topic, numPartitions })),
  });
}
