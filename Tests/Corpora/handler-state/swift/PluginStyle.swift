/// A plain type that happens to have a `handle` method: not a Lambda handler.
public final class OrderBook {
    private var lastOrderID = ""
    private var history: [String] = []

    public init() {}

    public func handle(orderID: String) -> String {
        lastOrderID = orderID
        history.append(orderID)
        return "accepted \(orderID)"
    }
}
