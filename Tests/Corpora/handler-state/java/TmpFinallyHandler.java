package com.acme.exports;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

public class TmpFinallyHandler implements RequestHandler<Map<String, String>, String> {
    private static final S3Client S3 = S3Client.create();

    @Override
    public String handleRequest(Map<String, String> input, Context context) {
        Path scratch = null;
        try {
            scratch = Files.createTempFile("export", ".json");
            Files.writeString(scratch, input.get("customers"));
            S3.putObject(PutObjectRequest.builder().bucket(System.getenv("BUCKET")).key(input.get("exportId")).build(),
                    RequestBody.fromFile(scratch));
            return "ok";
        } catch (IOException e) {
            context.getLogger().log("export failed");
            return "failed";
        } finally {
            if (scratch != null) {
                try {
                    Files.deleteIfExists(scratch);
                } catch (IOException ignored) {
                    context.getLogger().log("could not delete scratch file");
                }
            }
        }
    }
}
