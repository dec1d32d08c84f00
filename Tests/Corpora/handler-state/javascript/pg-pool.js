const { Pool } = require('pg');

const pool = new Pool({
  host: process.env.DB_HOST,
  user: process.env.DB_USER,
  password: process.env.DB_PASSWORD,
  database: process.env.DB_NAME,
  max: 1,
});

exports.handler = async (event) => {
  const sku = event.pathParameters.sku;
  const client = await pool.connect();
  try {
    const { rows } = await client.query('SELECT name, price FROM products WHERE sku = $1', [sku]);
    if (rows.length === 0) {
      return { statusCode: 404 };
    }
    return { statusCode: 200, body: JSON.stringify(rows[0]) };
  } finally {
    client.release();
  }
};
