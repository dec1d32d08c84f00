const { OpenSearchClient } = require('@opensearch-project/opensearch');

const search = new OpenSearchClient({ node: process.env.SEARCH_ENDPOINT });
const recentSearches = {};

module.exports.handler = async (event) => {
  const userId = event.requestContext.authorizer.claims.sub;
  const query = event.queryStringParameters?.q ?? '';
  if (query.length < 2) {
    return { statusCode: 400, body: 'query too short' };
  }
  recentSearches[userId] = query;
  const result = await search.search({ index: 'products', body: { query: { match: { name: query } } } });
  return { statusCode: 200, body: JSON.stringify(result.body.hits.hits.map((hit) => hit._source)) };
};
