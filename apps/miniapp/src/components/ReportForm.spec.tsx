import type { CategoryView, SimilarTicketView } from '@doorstep/contracts';

import { render, tap, typeText } from '../../test/render';
import { ReportForm, type ReportDraft } from './ReportForm';
import type { PhotoTile } from './PhotoGrid';

const category = (id: number, name: string, kind: CategoryView['kind'], icon = 'water'): CategoryView => ({
  id,
  compoundId: null,
  kind,
  name,
  icon,
  priority: 'normal',
  acceptMinutes: 10,
  resolveHours: null,
});

const CATEGORIES = [
  category(1, '水电维修', 'repair'),
  category(2, '电梯故障', 'repair', 'elevator'),
  category(9, '噪音扰民', 'complaint', 'noise'),
];

const SIMILAR: SimilarTicketView[] = [
  {
    id: 41,
    categoryName: '水电维修',
    placeLabel: '1号楼',
    status: 'accepted',
    followerCount: 2,
    createdAt: '2026-11-24T01:00:00.000Z',
    descriptionSnippet: '二楼楼道水管爆裂，水一直往下流',
    following: false,
  },
];

function setup(overrides: Partial<Parameters<typeof ReportForm>[0]> = {}) {
  const calls = { submit: [] as ReportDraft[], category: [] as CategoryView[], follow: [] as number[], addPhotos: 0 };
  const props: Parameters<typeof ReportForm>[0] = {
    placeLabel: '幸福里小区 1号楼',
    homeLabel: null,
    categories: CATEGORIES,
    similar: [],
    followingId: null,
    onFollow: (id) => calls.follow.push(id),
    photos: [],
    onAddPhotos: () => calls.addPhotos++,
    onRemovePhoto: () => undefined,
    submitting: false,
    onCategoryChange: (c) => calls.category.push(c),
    onSubmit: (draft) => calls.submit.push(draft),
    ...overrides,
  };
  return { view: render(<ReportForm {...props} />), calls, props };
}

describe('ReportForm', () => {
  it('shows the place from the code and the categories as large tiles grouped by kind', () => {
    const { view } = setup();
    expect(view.get('report-place').textContent).toBe('幸福里小区 1号楼');
    expect(view.get('category-1').textContent).toContain('水电维修');
    expect(view.get('category-2').textContent).toContain('梯');
    expect(view.container.textContent).toContain('报修');
    expect(view.container.textContent).toContain('投诉');
  });

  it('refuses to submit without a category', () => {
    const { view, calls } = setup();
    typeText(view.get('report-description').querySelector('textarea') ?? view.get('report-description'), '水管漏水');
    tap(view.get('report-submit'));
    expect(calls.submit).toEqual([]);
    expect(view.get('form-error').textContent).toBe('请选择问题类别');
  });

  it('refuses to submit without a description of at least two characters', () => {
    const { view, calls } = setup();
    tap(view.get('category-1'));
    typeText(view.get('report-description'), '漏');
    tap(view.get('report-submit'));
    expect(calls.submit).toEqual([]);
    expect(view.get('form-error').textContent).toBe('请描述问题（至少2个字）');
  });

  it('submits the chosen category, the trimmed description and the place', () => {
    const { view, calls } = setup();
    tap(view.get('category-1'));
    expect(view.get('category-1').getAttribute('data-selected')).toBe('true');
    expect(calls.category.map((c) => c.id)).toEqual([1]);
    typeText(view.get('report-description'), '  卫生间水管漏水  ');
    typeText(view.get('report-location'), '厨房');
    tap(view.get('report-submit'));
    expect(calls.submit).toEqual([
      {
        category: CATEGORIES[0],
        description: '卫生间水管漏水',
        location: '厨房',
        atHome: false,
        visitAt: null,
        complaintTarget: null,
        anonymous: false,
      },
    ]);
  });

  it('offers the resident’s own home as the place when they have one here; a scanned code’s place comes first', () => {
    const { view, calls } = setup({ homeLabel: '1号楼 1单元 101' });
    expect(view.get('place-home').textContent).toBe('我家（1号楼 1单元 101）');
    tap(view.get('category-1'));
    typeText(view.get('report-description'), '水管漏水');
    tap(view.get('report-submit'));
    expect(calls.submit[0].atHome).toBe(false);
    tap(view.get('place-home'));
    tap(view.get('report-submit'));
    expect(calls.submit[1].atHome).toBe(true);
  });

  it('counts the description against its limit, and at the limit stops and says so', () => {
    const { view, calls } = setup();
    typeText(view.get('report-description'), '水管漏水');
    expect(view.get('description-count').textContent).toBe('4/1000');
    expect(view.query('description-limit')).toBeNull();
    typeText(view.get('report-description'), '漏'.repeat(1050));
    expect(view.get('description-count').textContent).toBe('1000/1000');
    expect(view.get('description-limit').textContent).toContain('1000字上限');
    tap(view.get('category-1'));
    tap(view.get('report-submit'));
    expect(calls.submit[0].description).toHaveLength(1000);
  });

  it('says why a picked file was not added as a photo', () => {
    const { view } = setup({ photoError: '所选的文件不是照片，没有添加' });
    expect(view.get('photo-error').textContent).toContain('不是照片');
  });

  it('shows the example for 具体位置 as a line of its own, not a placeholder a small phone cuts off', () => {
    const { view } = setup();
    expect(view.get('location-hint').textContent).toContain('2单元楼道');
    expect(view.get('report-location').getAttribute('placeholder')).toBeNull();
  });

  it('starts with the home chosen when reporting without a code, even if the home becomes known later', () => {
    const { view, calls, props } = setup({ homeLabel: null, preferHome: true });
    expect(view.query('place-home')).toBeNull();
    view.rerender(<ReportForm {...props} homeLabel="1号楼 1单元 101" />);
    expect(view.get('place-home').className).toContain('chip--active');
    tap(view.get('category-1'));
    typeText(view.get('report-description'), '水管漏水');
    tap(view.get('report-submit'));
    expect(calls.submit[0].atHome).toBe(true);
  });

  it('asks a complaint whom it is about and whether to stay anonymous; a repair asks for a visit time instead', () => {
    const { view, calls } = setup();
    tap(view.get('category-1'));
    expect(view.query('visit-date')).not.toBeNull();
    expect(view.query('target-company')).toBeNull();
    tap(view.get('category-9'));
    expect(view.query('visit-date')).toBeNull();
    tap(view.get('target-neighbour'));
    tap(view.get('report-anonymous'));
    typeText(view.get('report-description'), '楼上夜里装修');
    tap(view.get('report-submit'));
    expect(calls.submit[0]).toMatchObject({ complaintTarget: 'neighbour', anonymous: true, visitAt: null });
  });

  it('disables the submit button while submitting, and a tap then does nothing', () => {
    const { view, calls } = setup({ submitting: true });
    const button = view.get('report-submit') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.textContent).toBe('正在提交…');
    tap(view.get('category-1'));
    typeText(view.get('report-description'), '水管漏水');
    tap(button);
    expect(calls.submit).toEqual([]);
  });

  it('waits for photos still uploading, and refuses failed ones', () => {
    const uploading: PhotoTile[] = [{ key: 'a', src: 'blob:a', status: 'uploading' }];
    const { view, calls, props } = setup({ photos: uploading });
    tap(view.get('category-1'));
    typeText(view.get('report-description'), '水管漏水');
    tap(view.get('report-submit'));
    expect(view.get('form-error').textContent).toBe('照片还在上传，请稍候');
    view.rerender(<ReportForm {...props} photos={[{ key: 'a', src: 'blob:a', status: 'failed' }]} />);
    tap(view.get('report-submit'));
    expect(view.get('form-error').textContent).toBe('有照片没有传上去，请删除后重试');
    expect(calls.submit).toEqual([]);
  });

  it('shows at most six photos with an add tile until the sixth', () => {
    const five = Array.from({ length: 5 }, (_, i): PhotoTile => ({ key: `p${i}`, src: `blob:${i}`, status: 'done' }));
    const { view, calls, props } = setup({ photos: five });
    tap(view.get('add-photo'));
    expect(calls.addPhotos).toBe(1);
    view.rerender(<ReportForm {...props} photos={[...five, { key: 'p5', src: 'blob:5', status: 'done' }]} />);
    expect(view.all('photo-tile')).toHaveLength(6);
    expect(view.query('add-photo')).toBeNull();
    expect(view.container.textContent).toContain('照片（6/6，选填）');
  });

  it('shows 已有人反映 with how each starts, and 我也遇到 below the text instead of a duplicate', () => {
    const { view, calls } = setup({ similar: SIMILAR });
    const similar = view.get('similar-tickets');
    expect(similar.textContent).toContain('已有人反映');
    expect(similar.textContent).toContain('2人也遇到');
    expect(view.get('similar-summary').textContent).toContain('二楼楼道水管爆裂');
    // The button is not in the text's row (beside it, the text was squeezed to nothing).
    expect(view.get('similar-info').contains(view.get('me-too-41'))).toBe(false);
    tap(view.get('me-too-41'));
    expect(calls.follow).toEqual([41]);
  });
});
