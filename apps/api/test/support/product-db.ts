import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** The database of a running API, for test setup the app itself cannot do (e.g. from the browser tests, whose package has no typeorm). */
export const productDb = (app: INestApplication): DataSource => app.get<DataSource>(getDataSourceToken());
