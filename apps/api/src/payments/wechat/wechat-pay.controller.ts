import { Body, Controller, Get, Headers, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiHeader, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WechatOrderView, WechatPayStatusView } from '@doorstep/contracts';
import { CurrentCaller, type Caller } from '../../common/auth/caller';
import { Public, SignedIn } from '../../common/auth/route-access';
import { Clock } from '../../common/clock';
import { IdParam } from '../../common/http/validation';
import { CreateWechatOrderDto, WechatPayStatusQueryDto } from '../dto/wechat-pay.dto';
import { NotificationRefused, WechatNotifyService } from './wechat-notify.service';
import { WechatOrdersService } from './wechat-orders.service';

@ApiTags('payments')
@Controller('payments/wechat')
export class WechatPayController {
  constructor(
    private readonly orders: WechatOrdersService,
    private readonly notify: WechatNotifyService,
    private readonly clock: Clock,
  ) {}

  /** Whether paying by WeChat is configured here at all, and (for one's own home) whether in part. */
  @SignedIn()
  @Get('status')
  status(@CurrentCaller() caller: Caller, @Query() query: WechatPayStatusQueryDto): Promise<WechatPayStatusView> {
    return this.orders.status(caller, query.householdId);
  }

  /** 微信支付: an order for open bills of the caller's verified household, in full; the amount is computed here. */
  @SignedIn()
  @Post('orders')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '8–64 characters, one per attempt to pay' })
  async createOrder(
    @CurrentCaller() caller: Caller,
    @Body() dto: CreateWechatOrderDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WechatOrderView> {
    const { view, replayed } = await this.orders.create(caller, dto, key, this.clock.now());
    reply.status(replayed ? 200 : 201);
    if (replayed) reply.header('idempotent-replayed', 'true');
    return view;
  }

  /** The order: its payer, the household's verified members, or the compound's bill.read holders. */
  @SignedIn()
  @Get('orders/:id')
  getOrder(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<WechatOrderView> {
    return this.orders.get(caller, id, this.clock.now());
  }

  /** The NATIVE order's code as a PNG, to scan with WeChat; the payer's, while it can be paid. */
  @SignedIn()
  @Get('orders/:id/code.png')
  @ApiProduces('image/png')
  async orderCode(
    @CurrentCaller() caller: Caller,
    @IdParam() id: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const png = await this.orders.codeImage(caller, id, this.clock.now());
    reply.header('content-type', 'image/png').header('cache-control', 'private, no-store');
    return png;
  }

  /** After requestPayment succeeds: asks WeChat and records the payment unless the notification already did. */
  @SignedIn()
  @Post('orders/:id/sync')
  @HttpCode(200)
  syncOrder(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<WechatOrderView> {
    return this.orders.sync(caller, id, this.clock.now());
  }

  /**
   * WeChat's payment and refund notifications. 204 when recorded (or already recorded); otherwise
   * WeChat's own failure shape `{ code: 'FAIL', message }` (plus our statusCode and reason), and it
   * retries later.
   */
  @Public()
  @Post('notify')
  @ApiExcludeEndpoint()
  async notification(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const header = (name: string) => {
      const value = request.headers[name];
      return typeof value === 'string' ? value : undefined;
    };
    try {
      await this.notify.handle(
        {
          timestamp: header('wechatpay-timestamp'),
          nonce: header('wechatpay-nonce'),
          signature: header('wechatpay-signature'),
          serial: header('wechatpay-serial'),
        },
        request.rawBody ?? '',
        this.clock.now(),
      );
      reply.status(204);
      return undefined;
    } catch (error) {
      if (!(error instanceof NotificationRefused)) throw error;
      reply.status(error.status);
      return { statusCode: error.status, code: 'FAIL', message: '通知未通过校验', details: { reason: error.reason } };
    }
  }
}
