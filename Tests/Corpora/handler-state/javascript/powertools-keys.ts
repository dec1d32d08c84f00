import { Logger } from '@aws-lambda-powertools/logger';
import type { EventBridgeEvent, Context } from 'aws-lambda';

const logger = new Logger({ serviceName: 'checkout' });

type CartDetail = { customerId: string; cartId: string; items: { price: number; quantity: number }[] };

export const handler = async (event: EventBridgeEvent<'CartSubmitted', CartDetail>, context: Context) => {
  logger.addContext(context);
  logger.appendKeys({ customerId: event.detail.customerId, cartId: event.detail.cartId });
  const total = event.detail.items.reduce((sum, item) => sum + item.price * item.quantity, 0);
  logger.info('cart priced', { total });
  return { total };
};
