package com.acme.metrics;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

public class ColdStartHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static boolean coldStart = true;
    private static int invocations = 0;
    private static final long STARTED_AT = System.currentTimeMillis();

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        invocations++;
        boolean wasCold = coldStart;
        coldStart = false;
        context.getLogger().log("cold=" + wasCold + " invocations=" + invocations);
        return Map.of("cold", wasCold, "uptimeMs", System.currentTimeMillis() - STARTED_AT, "items", input.size());
    }
}
