import { useState } from 'react';
import { LIMITS } from '@doorstep/contracts';
import { Switch, Textarea, View } from '@tarojs/components';

import { zh } from '../i18n/zh';
import { Btn } from './Btn';
import './CommentBox.scss';

interface Props {
  /** Staff, handlers and supervisors may leave comments residents do not see. */
  canInternal: boolean;
  pending: boolean;
  /** Resolves true when sent (the box empties), false to keep the text for another try. */
  onSend: (body: string, internal: boolean) => Promise<boolean>;
}

export function CommentBox({ canInternal, pending, onSend }: Props) {
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const send = async () => {
    const text = body.trim();
    if (!text || pending) return;
    if (await onSend(text, canInternal && internal)) setBody('');
  };
  return (
    <View className="card comment-box" data-testid="comment-box">
      <View className="comment-box__title">{zh.ticket.commentTitle}</View>
      <Textarea
        className="field comment-box__input"
        value={body}
        maxlength={LIMITS.ticketCommentMax}
        placeholder={zh.ticket.commentPlaceholder}
        data-testid="comment-input"
        onInput={(e) => setBody(e.detail.value)}
      />
      {/* One per line: side by side on a 320 px phone in 长辈模式, the label was squeezed to one character per line. */}
      {canInternal ? (
        <View className="comment-box__internal">
          <Switch
            className="switch"
            checked={internal}
            data-testid="comment-internal"
            onChange={(e) => setInternal(e.detail.value)}
          />
          <View>{zh.ticket.commentInternal}</View>
        </View>
      ) : null}
      <Btn
        kind="primary"
        block
        className="comment-box__send"
        disabled={pending || !body.trim()}
        testId="comment-send"
        onClick={() => void send()}
      >
        {pending ? zh.common.submitting : zh.ticket.commentSend}
      </Btn>
    </View>
  );
}
