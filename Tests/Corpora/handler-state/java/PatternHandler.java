package com.acme.contacts;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

public class PatternHandler implements RequestHandler<Map<String, String>, Map<String, String>> {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$", Pattern.CASE_INSENSITIVE);
    private static final Set<String> ALLOWED = Set.of("email", "name", "phone");

    @Override
    public Map<String, String> handleRequest(Map<String, String> input, Context context) {
        String email = input.get("email");
        if (email == null || !EMAIL.matcher(email).matches()) {
            throw new IllegalArgumentException("invalid email");
        }
        Map<String, String> cleaned = new java.util.HashMap<>();
        for (Map.Entry<String, String> entry : input.entrySet()) {
            if (ALLOWED.contains(entry.getKey())) {
                cleaned.put(entry.getKey(), entry.getValue().trim());
            }
        }
        return cleaned;
    }
}
