package com.acme.orders;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

public class ClientsHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private static final DynamoDbClient DYNAMO = DynamoDbClient.builder().build();
    private static final String TABLE = System.getenv("ORDERS_TABLE");

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent input, Context context) {
        String orderId = input.getPathParameters().get("orderId");
        String body = input.getBody();
        DYNAMO.putItem(PutItemRequest.builder()
                .tableName(TABLE)
                .item(Map.of("pk", AttributeValue.fromS(orderId), "body", AttributeValue.fromS(body)))
                .build());
        return new APIGatewayProxyResponseEvent().withStatusCode(201).withBody("{\"id\":\"" + orderId + "\"}");
    }
}
