using System;
using System.Threading.Tasks;
using Amazon.Lambda.Core;
using Npgsql;

namespace Catalog;

public class PoolFunction
{
    private static readonly NpgsqlDataSource DataSource = NpgsqlDataSource.Create(
        $"Host={Environment.GetEnvironmentVariable("DB_HOST")};Username=app;Password={Environment.GetEnvironmentVariable("DB_PASSWORD")};Maximum Pool Size=1");

    public async Task<string?> FunctionHandler(string sku, ILambdaContext context)
    {
        await using var command = DataSource.CreateCommand("SELECT name FROM products WHERE sku = $1");
        command.Parameters.AddWithValue(sku);
        return (string?)await command.ExecuteScalarAsync();
    }
}
