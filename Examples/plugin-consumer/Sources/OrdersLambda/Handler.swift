/// A stand-in Lambda handler; the interesting part of this package is its `.env` (FAKE values).
public struct OrderHandler {
    public init() {}

    public func handle(orderID: String) -> String {
        "accepted \(orderID)"
    }
}
