package com.acme.audit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.util.ArrayList;
import java.util.List;

public class AuditBufferHandler implements RequestHandler<SQSEvent, Void> {
    private static final List<String> AUDIT_LINES = new ArrayList<>();
    private static final int FLUSH_AT = 100;

    @Override
    public Void handleRequest(SQSEvent event, Context context) {
        for (SQSMessage message : event.getRecords()) {
            AUDIT_LINES.add(message.getBody());
        }
        if (AUDIT_LINES.size() >= FLUSH_AT) {
            context.getLogger().log("flushing " + AUDIT_LINES.size() + " audit lines");
        }
        return null;
    }
}
