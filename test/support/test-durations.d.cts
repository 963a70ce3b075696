export function recordedDuration(path: string, run?: 'embedded' | 'server'): number | undefined;
export function durationsOf(report: { testResults: { name: string; startTime: number; endTime: number }[] }): Record<string, number>;
