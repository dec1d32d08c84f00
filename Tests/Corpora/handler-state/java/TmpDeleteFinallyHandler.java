package com.acme.pdf;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Map;

public class TmpDeleteFinallyHandler implements RequestHandler<Map<String, String>, Long> {

    @Override
    public Long handleRequest(Map<String, String> input, Context context) {
        File tmp = null;
        try {
            tmp = File.createTempFile("doc", ".pdf");
            Files.write(tmp.toPath(), Base64.getDecoder().decode(input.get("document")));
            return tmp.length();
        } catch (IOException e) {
            context.getLogger().log("could not stage document");
            return -1L;
        } finally {
            if (tmp != null) {
                tmp.delete();
            }
        }
    }
}
