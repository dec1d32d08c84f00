package com.acme.orders;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

public class EnhancedClientHandler implements RequestHandler<Map<String, String>, Order> {
    private static final DynamoDbEnhancedClient ENHANCED = DynamoDbEnhancedClient.create();
    private static final DynamoDbTable<Order> ORDERS = ENHANCED.table(System.getenv("TABLE"), TableSchema.fromBean(Order.class));

    @Override
    public Order handleRequest(Map<String, String> input, Context context) {
        Order order = ORDERS.getItem(Key.builder().partitionValue(input.get("orderId")).build());
        if (order == null) {
            context.getLogger().log("order not found");
        }
        return order;
    }
}
