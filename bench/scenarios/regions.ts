import { gql, Scenario } from './types';

const REGIONS_PAGE = `query RegionsPage($first: Int!) {
  regions(level: VILLAGE, first: $first) {
    edges {
      cursor
      node {
        code name level parentCode version
        parent { code name level }
        children { code name level }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const regionsPage: Scenario = {
  name: 'regions-page',
  description: 'A page of 50 villages, each with its parent and children (keyset page + two loaders)',
  requests: [gql(REGIONS_PAGE, { first: 50 })],
  verify: (body) => !body.includes('"errors":[') && body.includes('"edges":[{'),
};

const REGION_BY_CODE = `query RegionByCode($code: String!) {
  region(code: $code) {
    code name level parentCode
    ancestors { code name level }
  }
}`;

export const regionByCode: Scenario = {
  name: 'region-by-code',
  description: 'One village by code with its ancestors, cycling through every village',
  requests: async (ctx) => {
    const data = await ctx.graphql<{ regions: { edges: { node: { code: string } }[] } }>(
      'query { regions(level: VILLAGE, first: 100) { edges { node { code } } } }',
    );
    const codes = data.regions.edges.map((e) => e.node.code);
    if (codes.length === 0) throw new Error('no villages in the database (is the demo seed loaded?)');
    return codes.map((code) => gql(REGION_BY_CODE, { code }));
  },
  verify: (body) => !body.includes('"errors":[') && body.includes('"ancestors":[{'),
};
