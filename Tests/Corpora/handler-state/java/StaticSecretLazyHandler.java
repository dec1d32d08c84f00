package com.acme.mail;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import software.amazon.awssdk.services.ssm.SsmClient;

public class StaticSecretLazyHandler implements RequestHandler<Map<String, String>, String> {
    private static final SsmClient SSM = SsmClient.create();
    private static String cachedApiKey;

    private static String apiKey() {
        if (cachedApiKey == null) {
            cachedApiKey = SSM.getParameter(r -> r.name("/mail/api-key").withDecryption(true)).parameter().value();
        }
        return cachedApiKey;
    }

    @Override
    public String handleRequest(Map<String, String> input, Context context) {
        String key = apiKey();
        context.getLogger().log("sending mail to " + input.get("to").length() + "-character address with key of " + key.length());
        return "sent";
    }
}
