package com.acme.checkout;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

public class MdcClearHandler implements RequestHandler<Map<String, String>, String> {
    private static final Logger LOG = LoggerFactory.getLogger(MdcClearHandler.class);

    @Override
    public String handleRequest(Map<String, String> input, Context context) {
        MDC.put("customerId", input.get("customerId"));
        try {
            LOG.info("checkout started");
            return input.getOrDefault("total", "0");
        } finally {
            MDC.clear();
        }
    }
}
