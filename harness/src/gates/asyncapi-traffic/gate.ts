import { resolve } from 'node:path';
import { HarnessError } from '../../provision/errors.ts';
import type { Gate } from '../types.ts';
import { startAsyncApiTrafficTap } from './tap.ts';

/**
 * Standalone form of the traffic check: taps the declared topics while the services handle the config's scenario
 * requests. In `tracegate verify` the correlation-e2e gate runs the tap around its scenarios instead.
 */
export const asyncapiTrafficGate: Gate = {
  name: 'asyncapi-traffic',
  description: 'Every Kafka message of the run matches the AsyncAPI document (payload, headers, key, declared topic)',
  needs: ['kafka', 'services'],
  applies(loaded) {
    return loaded.config.contracts?.asyncapi
      ? { ok: true }
      : { ok: false, reason: 'no contracts.asyncapi in the config' };
  },
  async run({ loaded, env, log }) {
    if (!env.kafka) throw new HarnessError('GATE_ERROR', 'asyncapi-traffic: no Kafka in this run');
    const tap = await startAsyncApiTrafficTap({
      asyncapiPath: resolve(loaded.dir, loaded.config.contracts?.asyncapi?.path ?? ''),
      brokers: env.kafka.brokers,
      log,
      ...(loaded.config.gates?.['asyncapi-traffic']?.ignoreTopics
        ? { ignoreTopics: loaded.config.gates['asyncapi-traffic'].ignoreTopics }
        : {}),
    });
    for (const scenario of loaded.config.scenarios ?? []) {
      const service = env.services.get(scenario.request.service);
      if (!service) continue;
      await fetch(new URL(scenario.request.path, service.url), {
        method: scenario.request.method,
        headers: { 'content-type': 'application/json', ...scenario.request.headers },
        ...(scenario.request.body === undefined ? {} : { body: JSON.stringify(scenario.request.body) }),
      }).then((r) => r.arrayBuffer());
    }
    const { checks, messages } = await tap.stop();
    return { checks, details: { summary: `${messages} messages checked` } };
  },
};
