import { render, tap } from '../../test/render';
import { QrDeadEnd } from './QrDeadEnd';

describe('QrDeadEnd', () => {
  it('explains the code is not usable and offers the resident’s compounds and 首页, not 重试', () => {
    const picked: number[] = [];
    let home = 0;
    const view = render(
      <QrDeadEnd compounds={[{ id: 4, name: '幸福里小区' }]} signedIn onPick={(id) => picked.push(id)} onHome={() => home++} />,
    );
    expect(view.get('qr-dead-end').textContent).toContain('这个二维码用不了');
    expect(view.get('qr-dead-end').textContent).not.toContain('重试');
    tap(view.get('qr-pick-compound-4'));
    expect(picked).toEqual([4]);
    tap(view.get('qr-go-home'));
    expect(home).toBe(1);
  });

  it('tells someone signed out that signing in lets them choose a compound', () => {
    const view = render(<QrDeadEnd compounds={[]} signedIn={false} onPick={() => undefined} onHome={() => undefined} />);
    expect(view.get('qr-dead-end').textContent).toContain('登录后');
  });
});
