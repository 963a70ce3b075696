export function recordedDuration(path: string): number | undefined;
export function durationsOf(report: { testResults: { name: string; startTime: number; endTime: number }[] }): Record<string, number>;
