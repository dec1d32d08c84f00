const middy = require('@middy/core');
const httpJsonBodyParser = require('@middy/http-json-body-parser');
const httpErrorHandler = require('@middy/http-error-handler');

const receivedFeedback = [];

const baseHandler = async (event) => {
  const { rating, comment, email } = event.body;
  if (!rating) {
    return { statusCode: 422, body: 'rating required' };
  }
  receivedFeedback.push({ rating, comment, email });
  return { statusCode: 201, body: JSON.stringify({ count: receivedFeedback.length }) };
};

module.exports.handler = middy(baseHandler).use(httpJsonBodyParser()).use(httpErrorHandler());
