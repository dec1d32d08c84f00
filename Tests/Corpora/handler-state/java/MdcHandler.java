package com.acme.checkout;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

public class MdcHandler implements RequestHandler<Map<String, String>, String> {
    private static final Logger LOG = LoggerFactory.getLogger(MdcHandler.class);

    @Override
    public String handleRequest(Map<String, String> input, Context context) {
        MDC.put("customerId", input.get("customerId"));
        MDC.put("requestId", context.getAwsRequestId());
        LOG.info("checkout started");
        String total = input.getOrDefault("total", "0");
        LOG.info("checkout total {}", total);
        return total;
    }
}
