package com.acme.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

public class StreamPayloadHandler implements RequestStreamHandler {
    private static byte[] lastPayload;

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] payload = input.readAllBytes();
        lastPayload = payload;
        context.getLogger().log("received " + payload.length + " bytes");
        output.write("{\"accepted\":true}".getBytes(StandardCharsets.UTF_8));
    }
}
