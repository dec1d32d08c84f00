package com.acme.metrics;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

public class AtomicCounterHandler implements RequestHandler<Map<String, Object>, Long> {
    private static final AtomicLong INVOCATIONS = new AtomicLong();
    private static volatile boolean warm;

    @Override
    public Long handleRequest(Map<String, Object> input, Context context) {
        long count = INVOCATIONS.incrementAndGet();
        if (!warm) {
            context.getLogger().log("cold start");
            warm = true;
        }
        return count;
    }
}
