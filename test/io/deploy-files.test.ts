import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';

const docs = (f: string) => parseAllDocuments(readFileSync(f, 'utf8')).map((d) => {
  expect(d.errors).toEqual([]);
  return d.toJS() as Record<string, unknown>;
});

describe('the deployment files', () => {
  it('docker-compose runs Redis and workers pointed at it, with a grace period for SIGTERM', () => {
    const [c] = docs('deploy/docker-compose.yml') as [{ services: Record<string, { command?: string[]; stop_signal?: string }> }];
    expect(Object.keys(c.services).sort()).toEqual(['redis', 'worker']);
    expect(c.services['worker']!.command!.slice(0, 3)).toEqual(['worker', '--queue', 'redis://redis:6379/0']);
    expect(c.services['worker']!.stop_signal).toBe('SIGTERM');
  });

  it('the Kubernetes file has Redis, its Service, and a worker Deployment using that Service', () => {
    const all = docs('deploy/k8s/ternsim-worker.yaml') as { kind: string; metadata: { name: string }; spec: Record<string, unknown> }[];
    expect(all.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['Deployment/ternsim-redis', 'Service/ternsim-redis', 'Deployment/ternsim-worker']);
    const args = JSON.stringify(all[2]!.spec);
    expect(args).toContain('redis://ternsim-redis:6379/0');
  });
});
