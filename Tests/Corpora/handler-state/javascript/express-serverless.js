const express = require('express');
const serverless = require('serverless-http');

const app = express();
app.use(express.json());

const recentOrders = [];

app.post('/orders', (req, res) => {
  recentOrders.push(req.body);
  res.status(201).json({ queued: recentOrders.length });
});

app.get('/health', (req, res) => res.json({ ok: true }));

module.exports.handler = serverless(app);
