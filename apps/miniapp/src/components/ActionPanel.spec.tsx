import { pick, render, tap, typeText } from '../../test/render';
import { ActionPanel, type ActionInput, type PanelAction } from './ActionPanel';

function setup(actions: PanelAction[], pending = false) {
  const submitted: Array<[PanelAction, ActionInput]> = [];
  const view = render(
    <ActionPanel
      actions={actions}
      pending={pending}
      onSubmit={(action, input) => submitted.push([action, input])}
      assignees={{
        items: [
          { userId: 6, name: '陈师傅', role: 'staff' },
          { userId: 5, name: '刘经理', role: 'manager' },
        ],
        loading: false,
      }}
      currentAssigneeId={null}
      photos={{ tiles: [], max: 6, onAdd: () => undefined, onRemove: () => undefined }}
      reassignTargets={{ company: '安居物业', community: '社区（共享物业社）' }}
      duplicates={{ items: [], loading: false }}
    />,
  );
  return { view, submitted };
}

describe('ActionPanel', () => {
  it('shows exactly the buttons it is given, labelled from the shared state machine', () => {
    const { view } = setup(['reject', 'accept']);
    expect(view.all('action-accept')[0].textContent).toBe('受理');
    expect(view.all('action-reject')[0].textContent).toBe('不予受理');
    expect(view.query('action-assign')).toBeNull();
  });

  it('shows nothing when the viewer may do nothing', () => {
    const { view } = setup([]);
    expect(view.query('action-panel')).toBeNull();
  });

  it('pauses with a reason and, if known, the day work can go on (09:00 Shanghai)', () => {
    const { view, submitted } = setup(['pause']);
    tap(view.get('action-pause'));
    typeText(view.get('action-text'), '等配件');
    pick(view.get('pause-until'), '2026-12-03');
    tap(view.get('action-submit'));
    expect(submitted).toEqual([['pause', { reason: '等配件', until: '2026-12-03T01:00:00.000Z' }]]);
  });

  it('requires a reason to reject', () => {
    const { view, submitted } = setup(['reject']);
    tap(view.get('action-reject'));
    tap(view.get('action-submit'));
    expect(view.get('form-error').textContent).toBe('请填写原因（至少2个字）');
    typeText(view.get('action-text'), '不属于物业范围');
    tap(view.get('action-submit'));
    expect(submitted).toEqual([['reject', { reason: '不属于物业范围' }]]);
  });

  it('assigns to the person picked', () => {
    const { view, submitted } = setup(['assign']);
    tap(view.get('action-assign'));
    tap(view.get('action-submit'));
    expect(view.get('form-error').textContent).toBe('请选择处理人');
    tap(view.get('assignee-6'));
    tap(view.get('action-submit'));
    expect(submitted).toEqual([['assign', { assigneeId: 6 }]]);
  });

  it('rates with stars: overall is required, speed and attitude optional', () => {
    const { view, submitted } = setup(['rate', 'reopen']);
    tap(view.get('action-rate'));
    tap(view.get('action-submit'));
    expect(view.get('form-error').textContent).toBe('请为总体满意度打分');
    tap(view.get('rate-overall-5'));
    tap(view.get('rate-attitude-4'));
    expect(view.get('rate-overall').getAttribute('data-value')).toBe('5');
    typeText(view.get('action-text'), '很满意');
    tap(view.get('action-submit'));
    expect(submitted).toEqual([['rate', { overall: 5, attitude: 4, note: '很满意' }]]);
  });

  it('disables every button while an action is on its way', () => {
    const { view, submitted } = setup(['accept'], true);
    const button = view.get('action-accept') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    tap(button);
    expect(view.query('action-form')).toBeNull();
    expect(submitted).toEqual([]);
  });
});
