import Testing
@testable import HCL

func parse(_ text: String) throws -> HCLFile {
    try HCL.parse(Array(text.utf8))
}

/// The value of the attribute `name` at the top of `text`.
func value(_ text: String, _ name: String = "a") throws -> HCLExpression {
    let file = try parse(text)
    guard let attribute = file.body.attribute(name) else {
        Issue.record("no attribute \(name)")
        return HCLExpression(.null, range: HCLRange(start: .init(line: 0, column: 0, offset: 0), end: .init(line: 0, column: 0, offset: 0)))
    }
    return attribute.value
}

/// The parse error for `text`, or nil when it parses.
func parseError(_ text: String) -> HCLParseError? {
    parseError(Array(text.utf8))
}

func parseError(_ bytes: [UInt8]) -> HCLParseError? {
    do {
        _ = try HCL.parse(bytes)
        return nil
    } catch {
        return error
    }
}

func at(_ line: Int, _ column: Int, _ offset: Int) -> HCLPosition {
    HCLPosition(line: line, column: column, offset: offset)
}

extension HCLExpression {
    var literalText: String? {
        if case .template(let template) = kind { return template.literalValue }
        return nil
    }

    var traversalPath: String? {
        guard case .traversal(let root, let steps) = kind else { return nil }
        return ([root] + steps.map { step -> String in
            switch step.kind {
            case .attribute(let name): return name
            case .index(let index):
                if case .number(let digits) = index.kind { return "[\(digits)]" }
                return "[\(index.literalText ?? "?")]"
            case .splat(let full): return full ? "[*]" : "*"
            }
        }).joined(separator: ".")
    }
}

@Suite struct LexerTests {
    @Test func tokensCarryLinesCodePointColumnsAndByteOffsets() throws {
        let tokens = try HCLLexer.tokenize(Array("é = 1\n  b = \"ü\"".utf8))
        #expect(tokens.map(\.kind) == [.identifier, .equals, .number, .newline, .identifier, .equals,
                                       .openQuote, .templateLiteral, .closeQuote, .endOfFile])
        #expect(tokens[0].text == "é")
        #expect(tokens[1].range.start == at(1, 3, 3))  // `é` is two bytes, one column
        #expect(tokens[4].range.start == at(2, 3, 9))
        #expect(tokens[7].text == "ü")
        #expect(tokens[7].range == HCLRange(start: at(2, 8, 14), end: at(2, 9, 16)))
    }

    @Test func commentsOfAllThreeKindsAreSkippedButLineBreaksStay() throws {
        let tokens = try HCLLexer.tokenize(Array("a = 1 # one\nb = 2 // two\n/* three\n */ c = 3".utf8))
        #expect(tokens.filter { $0.kind == .identifier }.map(\.text) == ["a", "b", "c"])
        #expect(tokens.filter { $0.kind == .newline }.count == 2)
        #expect(tokens.first { $0.text == "c" }?.range.start == at(4, 5, 38))
    }

    @Test func operatorsAndNumbers() throws {
        let tokens = try HCLLexer.tokenize(Array("== != <= >= && || => ... :: 1.5e-3 42".utf8))
        #expect(tokens.map(\.kind) == [.equalEqual, .notEqual, .lessEqual, .greaterEqual, .and, .or, .fatArrow,
                                       .ellipsis, .doubleColon, .number, .number, .endOfFile])
        #expect(tokens[9].text == "1.5e-3")
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let file = try HCL.parse([0xEF, 0xBB, 0xBF] + Array("a = 1".utf8))
        #expect(file.body.attribute("a")?.nameRange.start == at(1, 1, 3))
    }
}

@Suite struct BodyTests {
    @Test func attributesAndBlocksWithLabelsAndPositions() throws {
        let file = try parse("""
            resource "aws_lambda_function" orders {
              function_name = "orders"

              environment {
                variables = {}
              }
            }
            region = "eu-west-1"
            """)
        #expect(file.body.blocks.count == 1)
        let block = file.body.blocks[0]
        #expect(block.type == "resource")
        #expect(block.labels.map(\.value) == ["aws_lambda_function", "orders"])
        #expect(block.labels[0].range.start == at(1, 10, 9))
        #expect(block.labels[1].range.start == at(1, 32, 31))
        #expect(block.range.start == at(1, 1, 0))
        #expect(block.range.end.line == 7)
        let name = try #require(block.body.attribute("function_name"))
        #expect(name.nameRange.start == at(2, 3, 42))
        #expect(name.value.literalText == "orders")
        #expect(name.value.range.start == at(2, 19, 58))
        let environment = try #require(block.body.blocks(ofType: "environment").first)
        #expect(environment.typeRange.start.line == 4)
        #expect(environment.body.attribute("variables")?.value.range.start.line == 5)
        #expect(file.body.attribute("region")?.range.start == at(8, 1, 109))
    }

    @Test func oneLineBlocksAndEmptyBodies() throws {
        let file = try parse("a { b = 1 }\nc {}\nd \"x\" {\n}\n")
        #expect(file.body.blocks.map(\.type) == ["a", "c", "d"])
        #expect(file.body.blocks[0].body.attribute("b") != nil)
    }

    @Test func crlfLineEndings() throws {
        let file = try parse("a = 1\r\nb = \"x\"\r\n")
        #expect(file.body.attribute("b")?.range.start == at(2, 1, 7))
        #expect(file.body.attribute("b")?.value.literalText == "x")
    }
}

@Suite struct ExpressionTests {
    @Test func literals() throws {
        guard case .number(let number) = try value("a = 3.25").kind else { Issue.record("not a number"); return }
        #expect(number == "3.25")
        guard case .number(let negative) = try value("a = -7").kind else { Issue.record("not a number"); return }
        #expect(negative == "-7")
        guard case .bool(true) = try value("a = true").kind else { Issue.record("not true"); return }
        guard case .null = try value("a = null").kind else { Issue.record("not null"); return }
    }

    @Test func quotedStringEscapes() throws {
        let text = try value(#"a = "tab\there \"q\" \\ \u00e9 \U0001F600 $${x} %%{y} $ %""#).literalText
        #expect(text == "tab\there \"q\" \\ é 😀 ${x} %{y} $ %")
    }

    @Test func templateInterpolationParts() throws {
        let expression = try value(#"a = "arn:${var.partition}:s3:::${local.bucket}/*""#)
        guard case .template(let template) = expression.kind else { Issue.record("not a template"); return }
        #expect(template.parts.count == 5)
        guard case .literal(let first, let firstRange) = template.parts[0],
              case .interpolation(let partition) = template.parts[1],
              case .literal(let middle, let middleRange) = template.parts[2],
              case .interpolation(let bucket) = template.parts[3] else {
            Issue.record("unexpected parts"); return
        }
        #expect(first == "arn:")
        #expect(firstRange.start == at(1, 6, 5))
        #expect(partition.traversalPath == "var.partition")
        #expect(partition.range.start == at(1, 12, 11))
        #expect(middle == ":s3:::")
        #expect(middleRange.start == at(1, 26, 25))
        #expect(bucket.traversalPath == "local.bucket")
        #expect(expression.range == HCLRange(start: at(1, 5, 4), end: at(1, 50, 49)))
        #expect(template.literalValue == nil)
    }

    @Test func nestedTemplatesInsideInterpolations() throws {
        let expression = try value(#"a = "x${upper("in${"ner"}")}y""#)
        guard case .template(let template) = expression.kind else { Issue.record("not a template"); return }
        #expect(template.parts.count == 3)
        guard case .interpolation(let call) = template.parts[1],
              case .functionCall(let name, let arguments, _) = call.kind else { Issue.record("no call"); return }
        #expect(name == "upper")
        #expect(arguments.count == 1)
    }

    @Test func templateDirectivesAndStripMarkers() throws {
        let expression = try value(#"a = "%{ if var.on }yes%{ else }no%{ endif } ${~ "x" ~}  y %{ for k, v in m }${k}%{ endfor }""#)
        guard case .template(let template) = expression.kind else { Issue.record("not a template"); return }
        guard case .conditional(let condition, let then, let otherwise) = template.parts[0] else {
            Issue.record("no if directive"); return
        }
        #expect(condition.traversalPath == "var.on")
        if case .literal(let yes, _) = then.first { #expect(yes == "yes") } else { Issue.record("no then") }
        if case .literal(let no, _) = otherwise.first { #expect(no == "no") } else { Issue.record("no else") }
        // `${~` removed the space before it, `~}` the spaces after it.
        guard case .interpolation = template.parts[1], case .literal(let after, let afterRange) = template.parts[2] else {
            Issue.record("unexpected parts \(template.parts)"); return
        }
        #expect(after == "y ")
        #expect(afterRange.start == at(1, 57, 56))
        guard case .loop(let key, let valueName, let collection, let body) = template.parts[3] else {
            Issue.record("no for directive"); return
        }
        #expect(key == "k")
        #expect(valueName == "v")
        #expect(collection.traversalPath == "m")
        #expect(body.count == 1)
    }

    @Test func heredocKeepsLinesAndPositions() throws {
        let file = try parse("""
            policy = <<EOF
            {
              "Key": "${var.key}"
            }
            EOF
            next = 1
            """)
        let policy = try #require(file.body.attribute("policy"))
        guard case .template(let template) = policy.value.kind else { Issue.record("not a template"); return }
        #expect(template.isHeredoc)
        guard case .literal(let opening, let openingRange) = template.parts[0],
              case .interpolation(let key) = template.parts[1],
              case .literal(let closing, _) = template.parts[2] else { Issue.record("unexpected parts"); return }
        #expect(opening == "{\n  \"Key\": \"")
        #expect(openingRange.start == at(2, 1, 15))
        #expect(key.traversalPath == "var.key")
        #expect(key.range.start == at(3, 13, 29))
        #expect(closing == "\"\n}\n")
        #expect(policy.value.range.end.line == 5)
        #expect(file.body.attribute("next")?.range.start.line == 6)
    }

    @Test func indentedHeredocTrimsCommonIndentation() throws {
        let file = try parse("""
            resource "x" "y" {
              script = <<-SCRIPT
                echo one
                  echo two

                echo ${var.three}
                SCRIPT
            }
            """)
        let script = try #require(file.body.blocks.first?.body.attribute("script"))
        guard case .template(let template) = script.value.kind,
              case .literal(let text, let range) = template.parts[0] else { Issue.record("not a template"); return }
        #expect(text == "echo one\n  echo two\n\necho ")
        #expect(range.start == at(3, 5, 44))
        #expect(template.parts.count == 3)
    }

    @Test func heredocLiteralOnly() throws {
        #expect(try value("a = <<EOT\nhello\n  world\nEOT\n").literalText == "hello\n  world\n")
        #expect(try value("a = <<EOT\nEOT").literalText == "")
        #expect(try value("a = <<EOT  \r\nx\r\n  EOT\r\n").literalText == "x\r\n")
    }

    @Test func tuplesAndObjectsWithKeyPositions() throws {
        let expression = try value("""
            a = {
              PLAIN = "1"
              "quoted.key" : [1, 2,
                3,]
              (var.k) = true, other = null
            }
            """)
        guard case .object(let items) = expression.kind else { Issue.record("not an object"); return }
        #expect(items.map(\.key.literalName) == ["PLAIN", "quoted.key", nil, "other"])
        #expect(items[0].key.range.start == at(2, 3, 8))
        #expect(items[0].value.range.start == at(2, 11, 16))
        #expect(items[1].key.range.start == at(3, 3, 22))
        guard case .tuple(let elements) = items[1].value.kind else { Issue.record("not a tuple"); return }
        #expect(elements.count == 3)
        guard case .expression(let computed) = items[2].key.kind, case .parenthesized(let inner) = computed.kind else {
            Issue.record("not a computed key"); return
        }
        #expect(inner.traversalPath == "var.k")
    }

    @Test func objectItemsOnOneLineNeedCommas() throws {
        #expect(parseError("a = { x = 1 y = 2 }")?.message.contains("after an object item") == true)
        guard case .object(let items) = try value("a = { x = 1, y = 2 }").kind else { Issue.record("not an object"); return }
        #expect(items.count == 2)
    }

    @Test func traversalsWithIndexesAndSplats() throws {
        #expect(try value("a = var.x").traversalPath == "var.x")
        #expect(try value("a = data.aws_iam_policy_document.p.json").traversalPath == "data.aws_iam_policy_document.p.json")
        #expect(try value("a = aws_instance.web[0].id").traversalPath == "aws_instance.web.[0].id")
        #expect(try value(#"a = local.env["KEY"]"#).traversalPath == "local.env.[KEY]")
        #expect(try value("a = aws_instance.web.*.id").traversalPath == "aws_instance.web.*.id")
        #expect(try value("a = aws_instance.web[*].id").traversalPath == "aws_instance.web.[*].id")
        #expect(try value("a = list.0.1").traversalPath == "list.[0].[1]")
        let expression = try value("a = aws_instance.web[0].id")
        guard case .traversal(_, let steps) = expression.kind else { Issue.record("not a traversal"); return }
        #expect(steps[1].range.start == at(1, 21, 20))
        #expect(expression.range.end == at(1, 27, 26))
    }

    @Test func functionCallsWithRelativeTraversals() throws {
        let expression = try value(#"a = jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)["password"]"#)
        guard case .relativeTraversal(let source, let steps) = expression.kind,
              case .functionCall(let name, let arguments, false) = source.kind else { Issue.record("not a call"); return }
        #expect(name == "jsondecode")
        #expect(arguments.first?.traversalPath == "data.aws_secretsmanager_secret_version.db.secret_string")
        #expect(steps.count == 1)
        let multiline = try value("a = merge(\n  local.common,\n  { K = \"v\" },\n)\nb = 2")
        guard case .functionCall(_, let mergeArguments, _) = multiline.kind else { Issue.record("not a call"); return }
        #expect(mergeArguments.count == 2)
        #expect(multiline.range.end.line == 4)
        guard case .functionCall(_, _, true) = try value("a = concat(lists...)").kind else { Issue.record("no expansion"); return }
        guard case .functionCall(let namespaced, _, _) = try value("a = provider::aws::arn_parse(x)").kind else {
            Issue.record("not a call"); return
        }
        #expect(namespaced == "provider::aws::arn_parse")
    }

    @Test func operatorsFollowPrecedence() throws {
        let expression = try value("a = 1 + 2 * 3 == 7 && !false || x")
        guard case .binary(.or, let left, _) = expression.kind,
              case .binary(.and, let equality, let negation) = left.kind,
              case .binary(.equal, let sum, _) = equality.kind,
              case .binary(.add, _, let product) = sum.kind,
              case .binary(.multiply, _, _) = product.kind,
              case .unary(.not, _) = negation.kind else {
            Issue.record("wrong tree"); return
        }
    }

    @Test func conditionalsAndParentheses() throws {
        let expression = try value(#"a = var.env == "prod" ? (var.big) : "small""#)
        guard case .conditional(let condition, let then, let otherwise) = expression.kind,
              case .binary(.equal, _, _) = condition.kind,
              case .parenthesized(let inner) = then.kind else { Issue.record("not a conditional"); return }
        #expect(inner.traversalPath == "var.big")
        #expect(otherwise.literalText == "small")
        #expect(otherwise.range.start == at(1, 37, 36))
    }

    @Test func forExpressions() throws {
        guard case .forExpression(let list) = try value("a = [for s in var.list : upper(s) if s != \"\"]").kind else {
            Issue.record("not a for"); return
        }
        #expect(list.keyVariable == nil)
        #expect(list.valueVariable == "s")
        #expect(list.keyExpression == nil)
        #expect(list.condition != nil)
        guard case .forExpression(let map) = try value("a = {\n for k, v in var.m :\n k => v...\n}").kind else {
            Issue.record("not a for"); return
        }
        #expect(map.keyVariable == "k")
        #expect(map.keyExpression?.traversalPath == "k")
        #expect(map.groupsValues)
        // `for` as an ordinary key.
        guard case .object(let items) = try value("a = { for = 1 }").kind else { Issue.record("not an object"); return }
        #expect(items.first?.key.literalName == "for")
    }

    @Test func sourceTextOfAnExpression() throws {
        let file = try parse("a = merge(local.x, { b = 1 })  # trailing\n")
        let expression = try #require(file.body.attribute("a")?.value)
        #expect(file.text(of: expression.range) == "merge(local.x, { b = 1 })")
    }
}

@Suite struct ParseErrorTests {
    @Test func unterminatedString() throws {
        let error = try #require(parseError("a = 1\nb = \"open\nc = 2"))
        #expect(error.position == at(2, 5, 10))
        #expect(error.message.contains("unterminated string started at line 2"))
        #expect(parseError("a = \"open")?.message.contains("unterminated string") == true)
    }

    @Test func unterminatedHeredocNamesItsMarkerAndLine() throws {
        let text = String(repeating: "x = 1\n", count: 11) + "policy = <<EOF\n{\n  \"a\": 1\n}\n"
        let error = try #require(parseError(text))
        #expect(error.message == "unterminated heredoc <<EOF started at line 12")
        #expect(error.position.line == 12)
        #expect(error.description.hasPrefix("line 12, column 10: "))
    }

    @Test func unterminatedBraces() throws {
        let error = try #require(parseError("resource \"a\" \"b\" {\n  x = 1\n"))
        #expect(error.message == "unclosed '{' of block 'resource' \"a\" \"b\" opened at line 1")
        #expect(parseError("a = {\n b = 1\n")?.message.contains("unclosed '{' of the object opened at line 1") == true)
        #expect(parseError("a = [1, 2")?.message.contains("list opened at line 1") == true)
        #expect(parseError("a = f(1, 2")?.message.contains("f() opened at line 1") == true)
        #expect(parseError("a = \"${var.x")?.message == "unterminated template sequence '${' started at line 1")
        #expect(parseError("}")?.message.contains("no block is open") == true)
    }

    @Test func otherErrors() throws {
        #expect(parseError("/* never closed")?.message == "unterminated comment '/*' started at line 1")
        #expect(parseError(#"a = "\q""#)?.message.contains("invalid escape") == true)
        #expect(parseError("a = 1 2")?.message.contains("expected a line break after the value of 'a'") == true)
        #expect(parseError("a b c")?.message.contains("expected '{'") == true)
        #expect(parseError("a = ")?.message.contains("expected an expression") == true)
        #expect(parseError("a = @")?.message == "unexpected character '@'")
        #expect(parseError("resource \"${x}\" {}")?.message.contains("plain string") == true)
        #expect(parseError("a = <<EOF")?.message.contains("line break must follow") == true)
        #expect(parseError("a = \"%{ if x }y\"")?.message.contains("endif") == true)
        #expect(parseError("a = \"x%{ endif }\"")?.message == "'%{ endif }' without a matching '%{ if }' or '%{ for }'")
        #expect(parseError("a = \"%{ if x }y%{ endfor }\"")?.message.contains("expected '%{ endif }'") == true)
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let depth = 10_000
        for text in [
            "a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth),
            "a = " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth),
            "a = " + String(repeating: "{ b = ", count: depth) + "1" + String(repeating: " }", count: depth),
            "a = " + String(repeating: "!", count: depth) + "x",
            "a = " + String(repeating: "\"${", count: depth) + "1" + String(repeating: "}\"", count: depth),
            String(repeating: "b {\n", count: depth) + String(repeating: "}\n", count: depth),
        ] {
            let error = try #require(parseError(text))
            #expect(error.message == "nesting deeper than \(HCL.maximumNestingDepth) levels")
        }
        // Just within the limit still parses, without exhausting the stack.
        let levels = HCL.maximumNestingDepth - 2
        #expect(parseError("a = " + String(repeating: "[(", count: levels / 2) + "1" + String(repeating: ")]", count: levels / 2)) == nil)
        #expect(parseError("a = " + String(repeating: "{ b = ", count: levels) + "1" + String(repeating: " }", count: levels)) == nil)
        #expect(parseError("a = " + String(repeating: "\"${", count: levels) + "1" + String(repeating: "}\"", count: levels)) == nil)
        #expect(parseError("a = " + String(repeating: "f(", count: levels) + "1" + String(repeating: ")", count: levels)) == nil)
        #expect(parseError(String(repeating: "b {\n", count: levels) + String(repeating: "}\n", count: levels)) == nil)
    }

    /// Tokens and the tree take about 280 bytes an element: a 6 MB list took 835 MB. Past the
    /// bound a file is an error, with where it stopped.
    @Test func filesWithTooManyElementsAreAnErrorNotAMemoryBlowUp() throws {
        let many = HCL.maximumElements
        let native = "a = [" + String(repeating: "1,", count: many) + "1]\n"
        let error = try #require(parseError(native))
        #expect(error.message == "too large to analyze: more than \(many) tokens")
        #expect(error.position.line == 1 && error.position.column > many / 2)
        let json = "{\"a\": [" + String(repeating: "1,", count: many) + "1]}"
        #expect(throws: HCLParseError.self) { try HCL.parseJSON(Array(json.utf8)) }
        do {
            _ = try HCL.parseJSON(Array(json.utf8))
        } catch {
            #expect(error.message == "too large to analyze: more than \(many) values")
        }
        // Just within: parses.
        #expect(parseError("a = [" + String(repeating: "1,", count: many / 2 - 10) + "1]\n") == nil)
        #expect(throws: Never.self) { try HCL.parseJSON(Array(("[" + String(repeating: "1,", count: many - 10) + "1]").utf8)) }
    }

    @Test func randomBytesNeverCrashOrHang() {
        var generator = SplitMix(seed: 0x5EED)
        let alphabet = Array("abc={}[]()\"$%~<-EOF\n#/*.,:?!&|\\ 01".utf8)
        for round in 0..<2_000 {
            let length = Int(generator.next() % 120)
            let bytes = (0..<length).map { _ -> UInt8 in
                round % 2 == 0 ? UInt8(truncatingIfNeeded: generator.next()) : alphabet[Int(generator.next() % UInt64(alphabet.count))]
            }
            if let error = parseError(bytes) {
                #expect(error.position.line >= 1)
                #expect(error.position.offset <= bytes.count)
                #expect(!error.message.isEmpty)
            }
        }
    }
}

/// A small deterministic generator, so a failing input can be reproduced.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

@Suite struct JSONSyntaxTests {
    @Test func valuesKeepPositions() throws {
        let text = "{\n  \"name\": \"é-x\",\n  \"list\": [1, -2.5e3, true, null],\n  \"o\": {}\n}"
        let root = try HCL.parseJSON(Array(text.utf8))
        guard case .object(let members) = root.kind else { Issue.record("not an object"); return }
        #expect(members.map(\.name) == ["name", "list", "o"])
        #expect(members[0].nameRange.start == at(2, 3, 4))
        #expect(members[0].value.range.start == at(2, 11, 12))
        #expect(members[0].value.range.end == at(2, 16, 18))
        guard case .array(let elements) = members[1].value.kind, case .number(let number) = elements[1].kind else {
            Issue.record("not a list"); return
        }
        #expect(number == "-2.5e3")
        #expect(elements[1].range.start == at(3, 15, 34))
    }

    @Test func stringsBecomeTemplatesWithExactPositions() throws {
        let text = #"{"a": "arn:${var.partition}:x", "b": "plain \"q\" \u00e9", "c": "$${literal}"}"#
        let bytes = Array(text.utf8)
        let root = try HCL.parseJSON(bytes)
        guard case .object(let members) = root.kind else { Issue.record("not an object"); return }
        let a = try HCL.expression(fromJSON: members[0].value, in: bytes)
        guard case .template(let template) = a.kind,
              case .literal(let prefix, let prefixRange) = template.parts[0],
              case .interpolation(let partition) = template.parts[1] else { Issue.record("not a template"); return }
        #expect(prefix == "arn:")
        #expect(prefixRange.start == at(1, 8, 7))
        #expect(partition.traversalPath == "var.partition")
        #expect(partition.range.start == at(1, 14, 13))
        let source = HCLFile(bytes: bytes, body: HCLBody(attributes: [], blocks: [], range: root.range))
        #expect(source.text(of: partition.range) == "var.partition")
        // With escapes, the text is decoded and positions fall back to the string's own.
        let b = try HCL.expression(fromJSON: members[1].value, in: bytes)
        #expect(b.literalText == "plain \"q\" é")
        let c = try HCL.expression(fromJSON: members[2].value, in: bytes)
        #expect(c.literalText == "${literal}")
    }

    @Test func errors() {
        func jsonError(_ text: String) -> HCLParseError? {
            do {
                _ = try HCL.parseJSON(Array(text.utf8))
                return nil
            } catch {
                return error
            }
        }
        #expect(jsonError("{\n  \"a\": \"open\n}")?.message == "unterminated string started at line 2, column 8")
        #expect(jsonError("{\"a\": 1")?.message == "expected '}' to close the object opened at line 1, found the end of the file")
        #expect(jsonError("[1, 2")?.message.contains("array opened at line 1") == true)
        #expect(jsonError("{\"a\" 1}")?.message.contains("after a member name") == true)
        #expect(jsonError("{} x")?.message.contains("after the JSON value") == true)
        #expect(jsonError(#"{"a": "\x"}"#)?.message.contains("invalid escape") == true)
        #expect(jsonError(String(repeating: "[", count: 10_000))?.message == "nesting deeper than \(HCL.maximumNestingDepth) levels")
        var generator = SplitMix(seed: 7)
        for _ in 0..<2_000 {
            let alphabet = Array("{}[]\":,1e-.tfnul \\u".utf8)
            let bytes = (0..<Int(generator.next() % 80)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            _ = try? HCL.parseJSON(bytes)
        }
    }

    @Test func templateErrorsPointIntoTheString() throws {
        let bytes = Array(#"{"a": "x ${var.y"}"#.utf8)
        let root = try HCL.parseJSON(bytes)
        guard case .object(let members) = root.kind else { Issue.record("not an object"); return }
        #expect(throws: HCLParseError.self) { try HCL.expression(fromJSON: members[0].value, in: bytes) }
        do {
            _ = try HCL.expression(fromJSON: members[0].value, in: bytes)
        } catch {
            #expect(error.position == at(1, 10, 9))
        }
    }
}
