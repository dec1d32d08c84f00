package com.acme.catalog;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;

public class PoolHandler implements RequestHandler<Map<String, String>, String> {
    private static final HikariDataSource POOL = createPool();

    private static HikariDataSource createPool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(System.getenv("JDBC_URL"));
        config.setUsername(System.getenv("DB_USER"));
        config.setPassword(System.getenv("DB_PASSWORD"));
        config.setMaximumPoolSize(1);
        return new HikariDataSource(config);
    }

    @Override
    public String handleRequest(Map<String, String> input, Context context) {
        try (Connection connection = POOL.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT name FROM products WHERE sku = ?")) {
            statement.setString(1, input.get("sku"));
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (Exception e) {
            context.getLogger().log("lookup failed");
            return null;
        }
    }
}
