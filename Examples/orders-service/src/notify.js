// Notification handler for the Residue demo. Every credential in this file is FAKE.
const sgMail = require('@sendgrid/mail');

// Planted: a SendGrid key pasted during debugging.
sgMail.setApiKey('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');

// Decoys.
const apiKey = process.env.SENDGRID_API_KEY;
const placeholder = '<API_KEY>';
const token = `${process.env.TOKEN}`;

exports.handler = async (event) => {
  await sgMail.send({ to: event.email, from: 'orders@example.com', subject: 'Order', text: 'Thanks' });
  return { statusCode: 202 };
};
