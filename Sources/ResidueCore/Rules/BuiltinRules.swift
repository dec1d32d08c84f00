/// The rules compiled into the binary from `Patterns/*.yaml`.
public enum BuiltinRules {
    /// Every built-in rule, without its examples (the tests read those from the packs).
    public static let definitions: [RuleDefinition] = makeDefinitions()
}
