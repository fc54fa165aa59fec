export interface Mocks {
  urls: Record<string, string>;
  pids: number[];
  stop(): void;
}
export function startMocks(names?: string[], ports?: Record<string, number>): Promise<Mocks>;
export function startProxies(upstreams: Partial<Record<'refold' | 'mesh', string>>): Promise<Mocks>;
