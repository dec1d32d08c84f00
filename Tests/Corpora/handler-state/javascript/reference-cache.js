const COUNTRIES_URL = 'https://restcountries.example.com/v3.1/all?fields=cca2,currencies';

let countries;
let loadedAt = 0;

async function loadCountries() {
  if (!countries || Date.now() - loadedAt > 3600_000) {
    const response = await fetch(COUNTRIES_URL);
    countries = await response.json();
    loadedAt = Date.now();
  }
  return countries;
}

exports.handler = async (event) => {
  const code = (event.queryStringParameters?.country ?? '').toUpperCase();
  const all = await loadCountries();
  const match = all.find((country) => country.cca2 === code);
  if (!match) {
    return { statusCode: 404 };
  }
  return { statusCode: 200, body: JSON.stringify(match.currencies) };
};
