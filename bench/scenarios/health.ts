import { Scenario } from './types';

export const healthReady: Scenario = {
  name: 'health-ready',
  description: 'GET /health/ready: HTTP stack plus one database ping, no GraphQL',
  requests: [{ method: 'GET', path: '/health/ready' }],
  verify: (body) => body.includes('"status":"ok"'),
};
