const memoize = require('lodash.memoize');
const Ajv = require('ajv');
const { readFile } = require('fs/promises');

const ajv = new Ajv({ allErrors: true });

const loadValidator = memoize(async (name) => {
  const schema = JSON.parse(await readFile(`${__dirname}/schemas/${name}.json`, 'utf8'));
  return ajv.compile(schema);
});

exports.handler = async (event) => {
  const validate = await loadValidator('order');
  const order = JSON.parse(event.body);
  if (!validate(order)) {
    return { statusCode: 400, body: JSON.stringify(validate.errors) };
  }
  return { statusCode: 200 };
};
