package com.acme.orders;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

public class LastOrderHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static Map<String, Object> lastOrder;

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent input, Context context) {
        LambdaLogger logger = context.getLogger();
        try {
            Map<String, Object> order = MAPPER.readValue(input.getBody(), Map.class);
            lastOrder = order;
            logger.log("order received: " + order.get("id"));
            return new APIGatewayProxyResponseEvent().withStatusCode(201);
        } catch (Exception e) {
            logger.log("bad order: " + e.getMessage());
            return new APIGatewayProxyResponseEvent().withStatusCode(400);
        }
    }
}
