package com.acme.db;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

public class ConstructorSecretHandler implements RequestHandler<Map<String, String>, String> {
    private final String dbPassword;
    private final String jdbcUrl = System.getenv("JDBC_URL");

    public ConstructorSecretHandler() {
        SecretsManagerClient secretsClient = SecretsManagerClient.create();
        this.dbPassword = secretsClient.getSecretValue(GetSecretValueRequest.builder()
                .secretId(System.getenv("DB_SECRET_ARN")).build()).secretString();
    }

    @Override
    public String handleRequest(Map<String, String> input, Context context) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "app", dbPassword);
             PreparedStatement statement = connection.prepareStatement("UPDATE orders SET status = ? WHERE id = ?")) {
            statement.setString(1, input.get("status"));
            statement.setString(2, input.get("orderId"));
            statement.executeUpdate();
            return "updated";
        } catch (Exception e) {
            context.getLogger().log("update failed: " + e.getMessage());
            return "failed";
        }
    }
}
