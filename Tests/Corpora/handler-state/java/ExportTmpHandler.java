package com.acme.exports;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

public class ExportTmpHandler implements RequestHandler<Map<String, String>, String> {
    private static final S3Client S3 = S3Client.create();

    @Override
    public String handleRequest(Map<String, String> input, Context context) {
        String exportId = input.get("exportId");
        Path file = Path.of("/tmp/export-" + exportId + ".json");
        try {
            Files.writeString(file, input.get("customers"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        S3.putObject(PutObjectRequest.builder().bucket(System.getenv("BUCKET")).key(exportId).build(), RequestBody.fromFile(file));
        return exportId;
    }
}
