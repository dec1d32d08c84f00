package com.acme.shipping;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

public class ObjectMapperHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent request, Context context) {
        try {
            JsonNode shipment = MAPPER.readTree(request.getBody());
            String carrier = shipment.path("carrier").asText("ups");
            double weight = shipment.path("weightKg").asDouble();
            String quote = String.format("{\"carrier\":\"%s\",\"price\":%.2f}", carrier, 4.5 + weight * 1.2);
            return new APIGatewayProxyResponseEvent().withStatusCode(200).withBody(quote);
        } catch (Exception e) {
            return new APIGatewayProxyResponseEvent().withStatusCode(400);
        }
    }
}
