package com.acme.customers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

public class CustomerCacheHandler implements RequestHandler<Map<String, String>, Map<String, AttributeValue>> {
    private final DynamoDbClient dynamo = DynamoDbClient.create();
    private final Map<String, Map<String, AttributeValue>> customerCache = new ConcurrentHashMap<>();

    @Override
    public Map<String, AttributeValue> handleRequest(Map<String, String> input, Context context) {
        String customerId = input.get("customerId");
        Map<String, AttributeValue> cached = customerCache.get(customerId);
        if (cached != null) {
            return cached;
        }
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder()
                .tableName(System.getenv("CUSTOMERS_TABLE"))
                .key(Map.of("pk", AttributeValue.fromS(customerId)))
                .build()).item();
        customerCache.put(customerId, item);
        return item;
    }
}
