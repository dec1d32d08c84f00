package com.acme.reports;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

public class ReportTmpHandler implements RequestHandler<Map<String, Object>, String> {

    @Override
    public String handleRequest(Map<String, Object> input, Context context) {
        @SuppressWarnings("unchecked")
        List<String> rows = (List<String>) input.get("rows");
        try {
            File report = File.createTempFile("report", ".csv");
            Files.write(report.toPath(), String.join("\n", rows).getBytes(StandardCharsets.UTF_8));
            upload(report);
            report.delete();
            return "ok";
        } catch (IOException e) {
            context.getLogger().log("report failed: " + e.getMessage());
            return "failed";
        }
    }

    private void upload(File report) {
        // Upload to the reports bucket.
    }
}
