require 'json'
require 'logger'

module Notifications
  class Handler
    @@recent_events = []
    LOG = Logger.new($stdout)

    def self.handle(event:, context:)
      detail = event['detail']
      @@recent_events.push(detail)
      LOG.info("notification for #{detail['userId']}")
      { delivered: true }
    end
  end
end
