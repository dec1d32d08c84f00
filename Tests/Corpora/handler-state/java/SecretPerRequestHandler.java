package com.acme.signing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;

public class SecretPerRequestHandler implements RequestHandler<Map<String, String>, String> {
    private static final SsmClient SSM = SsmClient.create();

    @Override
    public String handleRequest(Map<String, String> input, Context context) {
        String key = SSM.getParameter(GetParameterRequest.builder()
                .name(System.getenv("SIGNING_KEY_PARAM")).withDecryption(true).build()).parameter().value();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(input.get("payload").getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            context.getLogger().log("signing failed");
            return null;
        }
    }
}
