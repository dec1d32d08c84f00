package com.acme.newsletter;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import java.util.HashSet;
import java.util.Set;

public class DedupHandler implements RequestHandler<SNSEvent, Integer> {
    private final Set<String> subscribedEmails = new HashSet<>();

    @Override
    public Integer handleRequest(SNSEvent event, Context context) {
        int added = 0;
        for (SNSEvent.SNSRecord record : event.getRecords()) {
            String email = record.getSNS().getMessage().trim().toLowerCase();
            if (subscribedEmails.add(email)) {
                added++;
            }
        }
        return added;
    }
}
