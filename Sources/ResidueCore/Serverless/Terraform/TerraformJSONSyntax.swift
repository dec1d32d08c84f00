import HCL

/// Terraform's JSON syntax (`.tf.json`, `.tfvars.json`) as the same body of blocks and attributes
/// the native syntax gives. In JSON, whether a member is a block or an attribute is up to the
/// schema, so this knows the few block types the reader looks at.
enum TerraformJSONSyntax {
    /// Blocks inside resources and providers that the reader reads or must not mistake for
    /// attributes; any other member is an attribute.
    private static let nestedBlockTypes: Set<String> = ["environment", "default_tags", "lifecycle", "provisioner"]

    /// `.tf.json`: `resource`, `data`, `variable`, `provider` and `locals`; other top-level
    /// members (`terraform`, `module`, `output`, …) say nothing the reader uses.
    static func configuration(_ bytes: [UInt8]) throws(HCLParseError) -> HCLFile {
        let root = try HCL.parseJSON(bytes)
        guard case .object(let members) = root.kind else {
            throw HCLParseError("a Terraform JSON file must hold one object", at: root.range.start)
        }
        var blocks: [HCLBlock] = []
        for member in members {
            switch member.name {
            case "resource", "data":
                for type in objectMembers(member.value) {
                    for name in objectMembers(type.value) {
                        for body in bodies(name.value) {
                            blocks.append(try block(member.name, labels: [type.name, name.name],
                                                    at: (name.name, name.nameRange), body, in: bytes))
                        }
                    }
                }
            case "variable", "provider":
                for name in objectMembers(member.value) {
                    for body in bodies(name.value) {
                        blocks.append(try block(member.name, labels: [name.name], at: (name.name, name.nameRange), body, in: bytes))
                    }
                }
            case "locals":
                for body in bodies(member.value) {
                    blocks.append(try block("locals", labels: [], at: (member.name, member.nameRange), body, in: bytes))
                }
            default:
                continue
            }
        }
        return HCLFile(bytes: bytes, body: HCLBody(attributes: [], blocks: blocks, range: root.range))
    }

    /// `.tfvars.json`: one attribute per member.
    static func variableValues(_ bytes: [UInt8]) throws(HCLParseError) -> HCLFile {
        let root = try HCL.parseJSON(bytes)
        guard case .object = root.kind else {
            throw HCLParseError("a Terraform JSON file must hold one object", at: root.range.start)
        }
        return HCLFile(bytes: bytes, body: try body(root, in: bytes))
    }

    private static func objectMembers(_ value: HCLJSONValue) -> [(name: String, nameRange: HCLRange, value: HCLJSONValue)] {
        guard case .object(let members) = value.kind else { return [] }
        return members.filter { $0.name != "//" }.map { ($0.name, $0.nameRange, $0.value) }
    }

    /// A block's body is an object, or an array of objects for a block given more than once.
    private static func bodies(_ value: HCLJSONValue) -> [HCLJSONValue] {
        switch value.kind {
        case .object: return [value]
        case .array(let elements): return elements.filter { if case .object = $0.kind { true } else { false } }
        default: return []
        }
    }

    /// The block starts at its last label (the resource's name): that is where a reader looks.
    private static func block(_ type: String, labels: [String], at name: (name: String, nameRange: HCLRange),
                              _ value: HCLJSONValue, in bytes: [UInt8]) throws(HCLParseError) -> HCLBlock {
        HCLBlock(type: type, typeRange: name.nameRange,
                 labels: labels.map { HCLBlockLabel(value: $0, range: name.nameRange) },
                 body: try body(value, in: bytes),
                 range: HCLRange(start: name.nameRange.start, end: value.range.end))
    }

    private static func body(_ value: HCLJSONValue, in bytes: [UInt8]) throws(HCLParseError) -> HCLBody {
        var attributes: [HCLAttribute] = []
        var blocks: [HCLBlock] = []
        for member in objectMembers(value) {
            if member.name == "dynamic" {
                // Generated at plan time; not read (as in native syntax).
                continue
            }
            if nestedBlockTypes.contains(member.name) {
                for nested in bodies(member.value) {
                    blocks.append(try block(member.name, labels: [], at: (member.name, member.nameRange), nested, in: bytes))
                }
                continue
            }
            let expression = try HCL.expression(fromJSON: member.value, in: bytes)
            attributes.append(HCLAttribute(name: member.name, nameRange: member.nameRange, value: expression,
                                           range: HCLRange(start: member.nameRange.start, end: member.value.range.end)))
        }
        return HCLBody(attributes: attributes, blocks: blocks, range: value.range)
    }
}
