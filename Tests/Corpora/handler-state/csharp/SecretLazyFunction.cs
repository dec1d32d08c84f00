using System.Threading.Tasks;
using Amazon.Lambda.Core;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Npgsql;

namespace Orders.Db;

public class SecretLazyFunction
{
    private static readonly AmazonSimpleSystemsManagementClient Ssm = new();
    private static string? _dbPassword;

    private static async Task<string> PasswordAsync()
    {
        if (_dbPassword == null)
        {
            var response = await Ssm.GetParameterAsync(new GetParameterRequest { Name = "/orders/db-password", WithDecryption = true });
            _dbPassword = response.Parameter.Value;
        }
        return _dbPassword;
    }

    public async Task<string?> FunctionHandler(string orderId, ILambdaContext context)
    {
        var password = await PasswordAsync();
        await using var connection = new NpgsqlConnection($"Host=db;Username=app;Password={password};Database=orders");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status FROM orders WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", orderId);
        return (string?)await command.ExecuteScalarAsync();
    }
}
