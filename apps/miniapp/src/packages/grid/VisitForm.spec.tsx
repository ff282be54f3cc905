import type { CategoryView } from '@doorstep/contracts';

import { render, tap, typeText } from '../../../test/render';
import { VisitForm, type VisitDraft } from './VisitForm';

const categories = [{ id: 3, name: '楼道照明', kind: 'repair' } as CategoryView];

function setup(props: Partial<Parameters<typeof VisitForm>[0]> = {}) {
  const saved: VisitDraft[] = [];
  const view = render(
    <VisitForm
      initial={{ kind: 'care', outcome: 'met' }}
      categories={categories}
      photos={{ tiles: [], onAdd: () => undefined, onRemove: () => undefined }}
      pending={false}
      onSave={(draft) => saved.push(draft)}
      {...props}
    />,
  );
  return { view, saved };
}

describe('VisitForm', () => {
  it('saves 已见面 with the household’s default kind in one tap', () => {
    const { view, saved } = setup();
    tap(view.get('visit-save'));
    expect(saved).toEqual([{ kind: 'care', outcome: 'met', notes: undefined, request: undefined, followUp: undefined }]);
  });

  it('turns a 诉求 into a request only with a category and words, and only when the resident was met', () => {
    const { view, saved } = setup();
    tap(view.get('visit-request-add'));
    tap(view.get('visit-save'));
    expect(view.get('form-error').textContent).toBe('请选择诉求类别');
    tap(view.get('visit-category-3'));
    typeText(view.get('visit-request'), '楼道灯不亮');
    tap(view.get('visit-save'));
    expect(saved.at(-1)?.request).toEqual({ categoryId: 3, description: '楼道灯不亮' });
    tap(view.get('visit-outcome-not_home'));
    expect(view.query('visit-request')).toBeNull();
    tap(view.get('visit-save'));
    expect(saved.at(-1)).toMatchObject({ outcome: 'not_home', request: undefined });
  });

  it('records a 回访 as a met follow_up visit once satisfied or not is chosen', () => {
    const { view, saved } = setup({ followUp: { ticketId: 9, ticketNo: 'T-9' } });
    expect(view.query('visit-kind-routine')).toBeNull();
    tap(view.get('visit-save'));
    expect(view.get('form-error').textContent).toBe('请选择回访结果');
    tap(view.get('visit-follow-up-unsatisfied'));
    tap(view.get('visit-save'));
    expect(saved).toEqual([
      {
        kind: 'follow_up',
        outcome: 'met',
        notes: undefined,
        request: undefined,
        followUp: { ticketId: 9, outcome: 'unsatisfied' },
      },
    ]);
  });

  it('says so when the 诉求 categories could not be loaded (no network)', () => {
    const { view } = setup({ categories: null });
    tap(view.get('visit-request-add'));
    expect(view.get('visit-request-offline').textContent).toContain('联网');
  });
});
