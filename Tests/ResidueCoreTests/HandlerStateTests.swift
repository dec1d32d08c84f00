import Foundation
import Testing
@testable import ResidueCore

/// Lexers, outlines, handler discovery, bounds and the engine wiring of the handler-state analyzer.
@Suite struct HandlerStateTests {
    // MARK: Helpers

    static func tokens(_ source: String, _ language: SourceLanguage) -> [Token] {
        let (tokens, failure) = Lexer.tokenize(Array(source.utf8), language: language)
        #expect(failure == nil)
        return tokens
    }

    /// Identifiers outside strings and comments, in order.
    static func identifiers(_ source: String, _ language: SourceLanguage) -> [String] {
        tokens(source, language).filter { $0.kind == .identifier }.map(\.text)
    }

    static func strings(_ source: String, _ language: SourceLanguage) -> [String] {
        tokens(source, language).filter { $0.kind == .string }.map(\.text)
    }

    static func analyze(_ source: String, path: String, functions: [ServerlessFunction] = []) -> AnalyzerOutput {
        Array(source.utf8).withUnsafeBytes {
            HandlerStateAnalyzer(functions: functions).analyze($0, path: path, relativePath: path)
        }
    }

    static func function(handler: String, runtime: String?, codeLocation: String?) -> ServerlessFunction {
        ServerlessFunction(logicalName: "Fn", format: .sam, location: SourceLocation(path: "template.yaml", line: 1, column: 1),
                           declaredIn: "template.yaml", handler: handler, runtime: runtime, codeLocation: codeLocation)
    }

    // MARK: Lexers

    @Test func pythonStringsAndCommentsHideCode() {
        let source = #"""
        # cache = event
        text = '''it's "quoted" # not a comment
        cache = event'''
        raw = r"C:\temp\d" + rb'\x00'
        label = f"{user['name']!r:>10} {{literal}}"
        """#
        #expect(Self.identifiers(source, .python) == ["text", "raw", "label", "user", "r"])
        #expect(Self.strings(source, .python).first == "it's \"quoted\" # not a comment\ncache = event")
    }

    @Test func pythonNewlinesInsideBracketsDoNotEndStatements() {
        let source = "x = call(\n    a,\n    b)\ny = 1\n"
        let newlines = Self.tokens(source, .python).filter { $0.kind == .newline }.count
        #expect(newlines == 2)
    }

    @Test func javaScriptTemplateLiteralsNestAndRegexLiteralsAreOpaque() {
        let source = #"""
        const a = `outer ${ `inner ${user.id}` } // not a comment`;
        const re = /[/"']+\/x/g; // comment with cache = event
        const b = x / y / z;
        """#
        #expect(Self.identifiers(source, .javascript) == ["const", "a", "user", "id", "const", "re", "const", "b", "x", "y", "z"])
        #expect(Self.strings(source, .javascript).contains(#"[/"']+\/x"#))
    }

    @Test func goRawStringsKeepBackslashesAndCommentMarkers() {
        let source = #"""
        var p = `C:\dir // not a comment`
        /* block */ var q = "a\"b"
        """#
        #expect(Self.identifiers(source, .go) == ["var", "p", "var", "q"])
        #expect(Self.strings(source, .go) == [#"C:\dir // not a comment"#, #"a\"b"#])
    }

    @Test func cSharpVerbatimInterpolatedAndRawStrings() {
        let source = #"""
        var path = @"C:\temp\""quoted""";
        var greeting = $"Hello {user.Name} {{braces}}";
        var raw = """
            { "cache": "event" }
            """;
        #region not code
        var done = true;
        """#
        #expect(Self.identifiers(source, .csharp) == ["var", "path", "var", "greeting", "user", "Name", "var", "raw", "var", "done", "true"])
    }

    @Test func javaTextBlocks() {
        let source = #"""
        String sql = """
            SELECT "x" -- cache = event
            """;
        int n = 1;
        """#
        #expect(Self.identifiers(source, .java) == ["String", "sql", "int", "n"])
    }

    @Test func rubyHeredocsPercentLiteralsAndBlockComments() {
        let source = #"""
        sql = <<~SQL
          SELECT * FROM t WHERE x = '#{not_code}' -- cache = event
        SQL
        words = %w[alpha beta] + %q(it's (nested) text)
        =begin
        $last = event
        =end
        done = "#{value}"
        """#
        #expect(Self.identifiers(source, .ruby) == ["sql", "words", "done", "value"])
        let lines = Self.tokens(source, .ruby).filter { $0.kind == .identifier }.map(\.line)
        #expect(lines == [1, 4, 8, 8])
    }

    @Test func swiftMultilineRawStringsAndNestedComments() {
        let source = ##"""
        let usage = """
            cache[event.user] = event \(count)
            """
        let raw = #"a "quoted" \(not) value"#
        /* outer /* inner */ still comment */
        let done = true
        """##
        #expect(Self.identifiers(source, .swift) == ["let", "usage", "count", "let", "raw", "let", "done", "true"])
    }

    @Test func garbageAndTruncatedInputNeverCrashOrHang() {
        let samples = [
            "def handler(event, context):\n    x = f\"{event['a'", "exports.handler = async (event) => { `${`${`${", "(((((((([[[[{{{{",
            "\"unterminated", "/* never closed", "<<~EOS\nno end", "@\"verbatim", "#\"raw", "func h(", "class X implements RequestHandler<",
            String(repeating: "(", count: 10_000), String(repeating: "${`", count: 200), "\u{0}\u{1}\u{2}\u{FFFD}",
        ]
        var generator = SystemRandomNumberGenerator()
        let random = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for language in SourceLanguage.allCases {
            for sample in samples {
                let bytes = Array(sample.utf8)
                for cut in [bytes.count, bytes.count / 2, bytes.count / 3] {
                    let (tokens, _) = Lexer.tokenize(Array(bytes.prefix(cut)), language: language)
                    _ = Outline.build(tokens, language: language)
                }
            }
            let (tokens, _) = Lexer.tokenize(random, language: language)
            _ = Outline.build(tokens, language: language)
        }
        // Through the whole analyzer too: no finding is invented from confusion.
        for sample in samples {
            for path in ["a.py", "a.js", "A.java", "a.go", "A.cs", "a.rb", "A.swift"] {
                #expect(Self.analyze(sample, path: path).findings.isEmpty)
            }
        }
    }

    @Test func deepNestingIsBoundedWithANote() {
        let source = "def handler(event, context):\n    x = " + String(repeating: "(", count: 300) + "\n"
        let output = Self.analyze(source, path: "deep.py")
        #expect(output.findings.isEmpty)
        #expect(output.notes.contains { $0.reason.contains("nested") })
    }

    // MARK: Outlines

    @Test func pythonOutlineFindsFunctionsClassesAndFinallyBlocks() {
        let source = """
        import os

        CACHE = {}

        class Store:
            items = []

            def add(self, item):
                self.items.append(item)

        def handler(event, context):
            try:
                pass
            finally:
                os.remove("/tmp/x")
            return 1
        """
        let tokens = Self.tokens(source, .python)
        let outline = Outline.build(tokens, language: .python)
        #expect(outline.functions.map(\.name) == ["add", "handler"])
        #expect(outline.functions[0].typeName == "Store")
        #expect(outline.functions[0].receiver == "self")
        #expect(outline.moduleState(named: "CACHE") != nil)
        #expect(outline.field(named: "items", in: "Store")?.kind == .staticField)
        #expect(outline.cleanupRegions.count == 1)
        let removal = tokens.firstIndex { $0.isIdentifier("remove") } ?? 0
        #expect(outline.isInCleanup(removal))
    }

    @Test func rubyOutlineMatchesEndsPastModifiersAndBlocks() {
        let source = """
        module App
          class Handler
            def self.process(event:, context:)
              return nil if event.nil?
              event['Records'].each do |r|
                puts r unless r.empty?
              end
              { ok: true }
            ensure
              File.delete('/tmp/x')
            end

            def helper(x) = x * 2
          end
        end
        """
        let outline = Outline.build(Self.tokens(source, .ruby), language: .ruby)
        #expect(outline.functions.map(\.name) == ["process", "helper"])
        #expect(outline.functions.first?.isStatic == true)
        #expect(outline.functions.first?.typeName == "Handler")
        #expect(outline.functions.first?.parameters.map(\.name) == ["event", "context"])
        #expect(outline.cleanupRegions.count == 1)
    }

    @Test func braceOutlineReadsJavaGenericsAndGoReceivers() {
        let java = """
        public class H implements RequestHandler<Map<String, Object>, String> {
            private static final Map<String, String> CACHE = new HashMap<>();
            @Override
            public String handleRequest(Map<String, Object> input, Context context) { return ""; }
        }
        """
        let javaOutline = Outline.build(Self.tokens(java, .java), language: .java)
        #expect(javaOutline.types.first?.supertypes.contains("RequestHandler") == true)
        #expect(javaOutline.functions.first?.parameters.map(\.name) == ["input", "context"])
        #expect(javaOutline.field(named: "CACHE", in: "H")?.kind == .staticField)

        let go = "package main\n\ntype H struct {\n\tlast string\n}\n\nfunc (h *H) Handle(ctx context.Context, e Event) error {\n\treturn nil\n}\n"
        let goOutline = Outline.build(Self.tokens(go, .go), language: .go)
        #expect(goOutline.functions.first?.receiver == "h")
        #expect(goOutline.functions.first?.typeName == "H")
        #expect(goOutline.field(named: "last", in: "H")?.kind == .instanceField)
    }

    // MARK: Discovery

    @Test func handlerStringsAreReadPerRuntime() {
        #expect(HandlerDiscovery.reference(handler: "app.handler", runtime: "python3.12")
            == .module(path: "app", typeName: nil, symbol: "handler"))
        #expect(HandlerDiscovery.reference(handler: "pkg.orders.app.lambda_handler", runtime: "python3.12")
            == .module(path: "pkg/orders/app", typeName: nil, symbol: "lambda_handler"))
        #expect(HandlerDiscovery.reference(handler: "src/handlers/orders.handler", runtime: "nodejs20.x")
            == .module(path: "src/handlers/orders", typeName: nil, symbol: "handler"))
        #expect(HandlerDiscovery.reference(handler: "com.acme.Handler::handleRequest", runtime: "java21")
            == .javaClass(package: "com.acme", className: "Handler", method: "handleRequest"))
        #expect(HandlerDiscovery.reference(handler: "com.acme.Handler", runtime: "java17")
            == .javaClass(package: "com.acme", className: "Handler", method: "handleRequest"))
        #expect(HandlerDiscovery.reference(handler: "Orders::Orders.Function::FunctionHandler", runtime: "dotnet8")
            == .dotnet(namespace: "Orders", className: "Function", method: "FunctionHandler"))
        #expect(HandlerDiscovery.reference(handler: "app.App::Handler.process", runtime: "ruby3.3")
            == .module(path: "app", typeName: "Handler", symbol: "process"))
        #expect(HandlerDiscovery.reference(handler: "bootstrap", runtime: "provided.al2023") == .binary(name: "bootstrap"))
        // Without a runtime, the shape decides.
        #expect(HandlerDiscovery.reference(handler: "Asm::Ns.Fn::Run", runtime: nil) == .dotnet(namespace: "Ns", className: "Fn", method: "Run"))
        #expect(HandlerDiscovery.reference(handler: "app.handler", runtime: nil) == .module(path: "app", typeName: nil, symbol: "handler"))
    }

    @Test func declaredHandlersNameFilesBelowTheirCodeLocation() {
        let discovery = HandlerDiscovery(functions: [
            Self.function(handler: "app.process", runtime: "python3.12", codeLocation: "./src/orders/"),
            Self.function(handler: "com.acme.Billing::charge", runtime: "java21", codeLocation: "billing"),
            Self.function(handler: "lambda.handler", runtime: "nodejs20.x", codeLocation: "s3://bucket/code.zip"),
        ])
        #expect(discovery.declares(relativePath: "src/orders/app.py"))
        #expect(!discovery.declares(relativePath: "src/payments/app.py"))
        #expect(discovery.declares(relativePath: "billing/src/main/java/com/acme/Billing.java"))
        #expect(!discovery.declares(relativePath: "other/Billing.java"))
        // An archive location says nothing about folders: the module path alone is matched.
        #expect(discovery.declares(relativePath: "web/lambda.mjs"))
    }

    @Test func declaredHandlerWithUnconventionalNameIsAnalyzed() {
        let source = """
        import json
        LAST = {}

        def process(message, meta):
            LAST["body"] = json.loads(message["body"])
            return {}
        """
        #expect(Self.analyze(source, path: "src/orders/app.py").findings.isEmpty)
        let declared = Self.analyze(source, path: "src/orders/app.py",
                                    functions: [Self.function(handler: "app.process", runtime: "python3.12", codeLocation: "src/orders")])
        #expect(declared.findings.map(\.ruleID) == ["handler-state-global-write"])
    }

    @Test func declaredJavaAndDotnetHandlersNameTheirMethod() {
        let java = """
        package com.acme;
        public class Billing {
            private static String last;
            public String charge(Map<String, String> request) { last = request.get("card"); return ""; }
        }
        """
        let javaOutput = Self.analyze(java, path: "billing/Billing.java",
                                      functions: [Self.function(handler: "com.acme.Billing::charge", runtime: "java21", codeLocation: nil)])
        #expect(javaOutput.findings.map(\.ruleID) == ["handler-state-global-write"])

        let csharp = """
        namespace Ns;
        public class Fn {
            private static string _last;
            public string Run(Request request) { _last = request.Card; return ""; }
        }
        """
        let dotnetOutput = Self.analyze(csharp, path: "Fn.cs",
                                        functions: [Self.function(handler: "Asm::Ns.Fn::Run", runtime: "dotnet8", codeLocation: nil)])
        #expect(dotnetOutput.findings.map(\.ruleID) == ["handler-state-global-write"])
    }

    @Test func conventionsNeedNoFunctionModel() {
        let cases: [(String, String)] = [
            ("a.py", "SEEN = []\ndef handler(event, context):\n    SEEN.append(event['id'])\n"),
            ("a.mjs", "const seen = [];\nexport async function handler(event) {\n  seen.push(event.id);\n}\n"),
            ("a.cjs", "const seen = [];\nmodule.exports.handler = async (event) => {\n  seen.push(event.id);\n};\n"),
            ("H.java", "public class H implements RequestStreamHandler {\n  static List<String> SEEN = new ArrayList<>();\n"
                + "  public void handleRequest(InputStream in, OutputStream out, Context c) { SEEN.add(in.toString()); }\n}\n"),
            ("a.go", "package main\nvar seen []string\nfunc h(ctx context.Context, e Event) error {\n\tseen = append(seen, e.ID)\n\treturn nil\n}\n"
                + "func main() { lambda.Start(h) }\n"),
            ("F.cs", "public class F {\n  static List<string> Seen = new();\n  public void Run(Input input, ILambdaContext ctx) { Seen.Add(input.Id); }\n}\n"),
            ("a.rb", "$seen = []\ndef handler(event:, context:)\n  $seen << event['id']\nend\n"),
            ("A.swift", "nonisolated(unsafe) var seen: [String] = []\nlet runtime = LambdaRuntime { (event: String, context: LambdaContext) in\n"
                + "    seen.append(event)\n}\n"),
        ]
        for (path, source) in cases {
            let output = Self.analyze(source, path: path)
            #expect(output.findings.map(\.ruleID) == ["handler-state-global-write"], "\(path)")
        }
    }

    @Test func callbackBodiesInsideCallsAreSeparateStatements() {
        // Without line breaks inside the callback, `path.basename(x) acc[y] = …` would read as a write to `path`.
        let source = """
        const path = require('path');
        exports.handler = async (event) => {
          const names = event.files.reduce((acc, file) => {
            const base = path.basename(file)
            acc[base] = file
            return acc
          }, {})
          return names
        };
        """
        #expect(Self.analyze(source, path: "names.js").findings.isEmpty)
    }

    @Test func libraryCodeWithoutHandlersIsSilent() {
        let sources: [(String, String)] = [
            ("lib.py", "_handlers = {}\ndef register_handler(kind, handler):\n    _handlers[kind] = handler\n"),
            ("lib.js", "const active = {};\nfunction track(request) {\n  active[request.id] = request;\n}\nmodule.exports = { track };\n"),
        ]
        for (path, source) in sources {
            #expect(Self.analyze(source, path: path).findings.isEmpty, "\(path)")
        }
    }

    @Test func findingMessagesCarryTheFlowAndTheFix() throws {
        let source = """
        import json

        _last_payment = {}


        def handler(event, context):
            body = json.loads(event["body"])
            _last_payment[body["user"]] = body
            return {"statusCode": 200}
        """
        let finding = try #require(Self.analyze(source, path: "pay.py").findings.first)
        #expect(finding.line == 8)
        #expect(finding.column == 5)
        #expect(finding.message == "event[\"body\"] → body → _last_payment (module dict, line 3) at line 8: kept for the next invocation; "
            + "keep it in a local variable")
        #expect(finding.excerpt == "_last_payment[body[\"user\"]] = body")
    }

    // MARK: Bounds

    @Test func filesWithoutHandlerWordsAreNotLexed() {
        let output = Self.analyze("CACHE = {}\ndef f(a, b):\n    CACHE[a] = b\n", path: "util.py")
        #expect(output.findings.isEmpty && output.notes.isEmpty)
        func mentions(_ text: String, _ language: SourceLanguage) -> Bool {
            Array(text.utf8).withUnsafeBytes { HandlerPrefilter.mentionsHandler($0, language: language) }
        }
        #expect(!mentions("x = 1", .python))
        #expect(mentions("def lambda_handler(event, context):", .python))
        #expect(!mentions("export const sum = (a, b) => a + b;", .javascript))
        #expect(mentions("export const handler = async (event) => {}", .javascript))
        #expect(!mentions("func main() { http.ListenAndServe(\":8080\", nil) }", .go))
        #expect(mentions("func main() { lambda.Start(handle) }", .go))
    }

    @Test func minifiedAndHugeFilesAreSkippedWithANote() {
        let minified = "exports.handler=async e=>{" + String(repeating: "a=1;", count: 2_000) + "}"
        #expect(Self.analyze(minified, path: "bundle.js").notes.first?.reason.contains("minified") == true)
        let huge = "def handler(event, context):\n" + String(repeating: "    x = 1\n", count: 300_000)
        #expect(Self.analyze(huge, path: "big.py").notes.first?.reason.contains("over") == true)
    }

    @Test func wantsSourceFilesOnly() {
        let analyzer = HandlerStateAnalyzer(functions: [])
        for path in ["a.py", "src/b.mjs", "c.ts", "D.java", "e.go", "F.cs", "g.rb", "H.swift"] {
            #expect(analyzer.wants(relativePath: path), "\(path)")
        }
        for path in ["types.d.ts", "x_test.go", "Package.swift", "README.md", "template.yaml"] {
            #expect(!analyzer.wants(relativePath: path), "\(path)")
        }
    }

    @Test func everyRuleHasItsOwnIDAndAFix() {
        let ids = HandlerStateAnalyzer.rules.map(\.id)
        #expect(Set(ids).count == 7)
        #expect(HandlerStateAnalyzer.rules.allSatisfy { $0.analyzer == "handler-state" && !$0.fix.isEmpty && $0.id.hasPrefix("handler-state-") })
    }

    // MARK: Engine

    @Test func engineReportsHandlerStateFindings() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write("""
        let lastOrder;
        exports.handler = async (event) => {
          lastOrder = JSON.parse(event.body);
          return { statusCode: 201 };
        };
        """, to: root.appendingPathComponent("src/orders.js"))
        let result = TestSupport.builtinScanner.scan(ScanConfiguration(roots: [root.path]))
        let finding = try #require(result.findings.first { $0.ruleID == "handler-state-global-write" })
        #expect(finding.line == 3)
        #expect(finding.path.hasSuffix("src/orders.js"))
        #expect(finding.message?.contains("lastOrder") == true)

        var disabled = ScanConfiguration(roots: [root.path])
        disabled.analyzeHandlerState = false
        #expect(!TestSupport.builtinScanner.scan(disabled).findings.contains { $0.ruleID.hasPrefix("handler-state") })
    }
}
