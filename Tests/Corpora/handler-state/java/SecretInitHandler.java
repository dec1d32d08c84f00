package com.acme.partner;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

public class SecretInitHandler implements RequestHandler<Map<String, String>, Integer> {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PARTNER_TOKEN = fetchToken();

    private static String fetchToken() {
        try (SecretsManagerClient secrets = SecretsManagerClient.create()) {
            return secrets.getSecretValue(GetSecretValueRequest.builder().secretId(System.getenv("PARTNER_SECRET_ID")).build())
                    .secretString();
        }
    }

    @Override
    public Integer handleRequest(Map<String, String> input, Context context) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(System.getenv("PARTNER_URL")))
                    .header("Authorization", "Bearer " + PARTNER_TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(input.get("payload")))
                    .build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            context.getLogger().log("partner call failed");
            return 502;
        }
    }
}
