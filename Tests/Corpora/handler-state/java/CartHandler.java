package com.acme.cart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public class CartHandler implements RequestHandler<Map<String, String>, Integer> {
    private final Map<String, List<String>> cartsByUser = new HashMap<>();

    @Override
    public Integer handleRequest(Map<String, String> input, Context context) {
        String userId = input.get("userId");
        String item = input.get("sku");
        cartsByUser.computeIfAbsent(userId, k -> new ArrayList<>()).add(item);
        return cartsByUser.get(userId).size();
    }
}
